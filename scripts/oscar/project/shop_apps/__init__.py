"""Local forks of Oscar apps. Each keeps Oscar's models and overrides one module."""
