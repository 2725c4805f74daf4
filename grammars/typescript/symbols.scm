; TypeScript symbols (also used for TSX). The capture name of the symbol node is its kind;
; @name is its name (a symbol without @name is an anonymous default export, "default").
; The extractor widens a symbol to the `export`, `declare` or `const` around it when that
; wrapper holds nothing else (grammar.wrappers), and makes a function directly inside a
; class a "method". Few patterns: each one costs ~2 ms to compile on every run.

[(function_declaration name: (_) @name)
 (generator_function_declaration name: (_) @name)
 (function_signature name: (_) @name)] @function
[(class_declaration name: (_) @name)
 (abstract_class_declaration name: (_) @name)] @class
(interface_declaration name: (_) @name) @interface
(type_alias_declaration name: (_) @name) @type
(enum_declaration name: (_) @name) @enum
[(internal_module name: (_) @name)
 (module name: (_) @name)] @namespace

(class_body [(method_definition name: (_) @name)
             (method_signature name: (_) @name)
             (abstract_method_signature name: (_) @name)
             (public_field_definition name: (_) @name
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
(internal_module body: (statement_block [
  (lexical_declaration (variable_declarator name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)]) @function)
  (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)]) @function))]))

; export default function () {} / export default () => … / export default class {}
(export_statement value: [(function_expression) (arrow_function) (generator_function)]) @function
(export_statement value: (class)) @class
