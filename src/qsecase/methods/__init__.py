"""Pure domain logic: data models and functions, no widgets, no plots, no file system."""
