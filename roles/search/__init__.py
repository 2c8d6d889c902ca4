"""Search: the schema (fields), reading queries (words), the queries themselves (query) and the
did-you-mean vocabulary. The schema classes are re-exported here because migrations name them as
`roles.search.<Class>`."""

from roles.search.fields import RoleSearchIndex, RoleSearchVectorField, TitleWordsIndex

__all__ = ["RoleSearchIndex", "RoleSearchVectorField", "TitleWordsIndex"]
