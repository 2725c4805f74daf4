; JavaScript symbols. The capture name of the symbol node is its kind; @name is its name
; (a symbol without @name is an anonymous default export, named "default").
; Where several patterns capture the same name, the extractor keeps the outermost node, so
; `export` and a lone `const` belong to the symbol (making a symbol exported modifies it).
; A function directly inside a class becomes a "method" (lib/delta/extract.ts).

(function_declaration name: (_) @name) @function
(generator_function_declaration name: (_) @name) @function
(class_declaration name: (_) @name) @class
(export_statement declaration: (function_declaration name: (_) @name)) @function
(export_statement declaration: (generator_function_declaration name: (_) @name)) @function
(export_statement declaration: (class_declaration name: (_) @name)) @class

(class_body (method_definition name: (_) @name) @method)
(class_body (field_definition
  property: (_) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @method)

; functions and classes bound to a name at module level: const f = () => …
(program (lexical_declaration (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function))
(program (variable_declaration (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function))
(program (export_statement declaration: (lexical_declaration (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function)))
(program (export_statement declaration: (variable_declaration (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function)))
(program (lexical_declaration (variable_declarator name: (identifier) @name value: (class)) @class))
(program (export_statement declaration: (lexical_declaration (variable_declarator
  name: (identifier) @name value: (class)) @class)))
; … and the whole declaration when it declares only that one name
(program (lexical_declaration . (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) .) @function)
(program (variable_declaration . (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) .) @function)
(program (export_statement declaration: (lexical_declaration . (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) .)) @function)
(program (export_statement declaration: (variable_declaration . (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) .)) @function)
(program (lexical_declaration . (variable_declarator name: (identifier) @name value: (class)) .) @class)
(program (export_statement declaration: (lexical_declaration . (variable_declarator
  name: (identifier) @name value: (class)) .)) @class)

; export default function () {} / export default () => … / export default class {}
(export_statement value: [(function_expression) (arrow_function) (generator_function)]) @function
(export_statement value: (function_expression name: (_) @name)) @function
(export_statement value: (class)) @class
(export_statement value: (class name: (_) @name)) @class
