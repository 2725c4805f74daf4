; JavaScript symbols. The capture name of the symbol node is its kind; @name is its name
; (a symbol without @name is an anonymous default export, named "default").
; The extractor widens a symbol to the `export` or `const` around it when that wrapper holds
; nothing else (grammar.wrappers), and makes a function directly inside a class a "method".
; Few patterns: each one costs milliseconds to compile on every run.

[(function_declaration name: (_) @name)
 (generator_function_declaration name: (_) @name)] @function
(class_declaration name: (_) @name) @class

(class_body [(method_definition name: (_) @name)
             (field_definition property: (_) @name
               value: [(arrow_function) (function_expression) (generator_function)])] @method)

; functions and classes bound to a name at module or namespace level: const f = () => …
(program [
  (lexical_declaration (variable_declarator name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)]) @function)
  (variable_declaration (variable_declarator name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)]) @function)
  (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)]) @function))
  (lexical_declaration (variable_declarator name: (identifier) @name value: (class)) @class)
  (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name
    value: (class)) @class))])

; export default function () {} / export default () => … / export default class {}
(export_statement value: [(function_expression) (arrow_function) (generator_function)]) @function
(export_statement value: (class)) @class
