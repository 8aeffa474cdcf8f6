"""The floor of the house: the enumerations (kinds), the pydantic models, the one exception
family (errors), the records renderers read, and the store that loads and validates a facts
file. Imports nothing above it."""
