; TypeScript symbols (also used for TSX). The capture name of the symbol node is its kind;
; @name is its name (a symbol without @name is an anonymous default export, "default").
; Where several patterns capture the same name, the extractor keeps the outermost node, so
; `export`, `declare` and a lone `const` belong to the symbol.
; A function directly inside a class becomes a "method" (lib/delta/extract.ts).

(function_declaration name: (_) @name) @function
(generator_function_declaration name: (_) @name) @function
; overload signatures and `declare function`
(function_signature name: (_) @name) @function
(class_declaration name: (_) @name) @class
(abstract_class_declaration name: (_) @name) @class
(interface_declaration name: (_) @name) @interface
(type_alias_declaration name: (_) @name) @type
(enum_declaration name: (_) @name) @enum
(internal_module name: (_) @name) @namespace
(module name: (_) @name) @namespace

(export_statement declaration: (function_declaration name: (_) @name)) @function
(export_statement declaration: (generator_function_declaration name: (_) @name)) @function
(export_statement declaration: (function_signature name: (_) @name)) @function
(export_statement declaration: (class_declaration name: (_) @name)) @class
(export_statement declaration: (abstract_class_declaration name: (_) @name)) @class
(export_statement declaration: (interface_declaration name: (_) @name)) @interface
(export_statement declaration: (type_alias_declaration name: (_) @name)) @type
(export_statement declaration: (enum_declaration name: (_) @name)) @enum
(export_statement declaration: (internal_module name: (_) @name)) @namespace
(ambient_declaration (function_signature name: (_) @name)) @function
(ambient_declaration (class_declaration name: (_) @name)) @class
(ambient_declaration (abstract_class_declaration name: (_) @name)) @class
(ambient_declaration (interface_declaration name: (_) @name)) @interface
(ambient_declaration (type_alias_declaration name: (_) @name)) @type
(ambient_declaration (enum_declaration name: (_) @name)) @enum
(ambient_declaration (module name: (_) @name)) @namespace
(ambient_declaration (internal_module name: (_) @name)) @namespace
(expression_statement (internal_module name: (_) @name)) @namespace

(class_body (method_definition name: (_) @name) @method)
(class_body (method_signature name: (_) @name) @method)
(class_body (abstract_method_signature name: (_) @name) @method)
(class_body (public_field_definition
  name: (_) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @method)

; functions and classes bound to a name at module or namespace level: const f = () => …
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
(internal_module body: (statement_block (lexical_declaration (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function)))
(internal_module body: (statement_block (export_statement declaration: (lexical_declaration (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function))))
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
(internal_module body: (statement_block (lexical_declaration . (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) .) @function))
(internal_module body: (statement_block (export_statement declaration: (lexical_declaration . (variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) .)) @function))
(program (lexical_declaration . (variable_declarator name: (identifier) @name value: (class)) .) @class)
(program (export_statement declaration: (lexical_declaration . (variable_declarator
  name: (identifier) @name value: (class)) .)) @class)

; export default function () {} / export default () => … / export default class {}
(export_statement value: [(function_expression) (arrow_function) (generator_function)]) @function
(export_statement value: (function_expression name: (_) @name)) @function
(export_statement value: (class)) @class
(export_statement value: (class name: (_) @name)) @class
