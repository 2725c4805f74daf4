; Python symbols. The capture name of the symbol node is its kind; @name is its name.
; A decorated definition is the symbol (so a decorator change modifies it); the plain
; pattern also matches the definition inside it, and the extractor keeps the outer node
; for a shared name. A function directly inside a class becomes a "method".

(decorated_definition definition: (function_definition name: (identifier) @name)) @function
(decorated_definition definition: (class_definition name: (identifier) @name)) @class
(function_definition name: (identifier) @name) @function
(class_definition name: (identifier) @name) @class
