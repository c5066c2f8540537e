// The facts types are part of what this module's loaders produce; re-exported so callers of the
// loader see them without a second import.
@_exported import MktFacts
