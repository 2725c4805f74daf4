; Python symbols. The capture name of the symbol node is its kind; @name is its name.
; A decorated definition is the symbol (so a decorator change modifies it); the extractor
; keeps the outermost node for a shared name, and makes a function directly inside a class
; a "method".

[(function_definition name: (identifier) @name)
 (decorated_definition definition: (function_definition name: (identifier) @name))] @function
[(class_definition name: (identifier) @name)
 (decorated_definition definition: (class_definition name: (identifier) @name))] @class
