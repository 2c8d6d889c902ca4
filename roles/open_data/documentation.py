"""The API's reference page, read from its OpenAPI schema: each operation with its parameters
and answers, and each schema with its fields, as plain data for a template."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REF_PREFIX = "#/components/schemas/"


def type_text(schema: dict[str, Any]) -> str:
    """A JSON schema as a reader says it: "string", "list of Section", "integer or null"."""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF_PREFIX)
    for combiner in ("anyOf", "oneOf", "allOf"):
        if combiner in schema:
            return " or ".join(type_text(option) for option in schema[combiner])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_text(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(f'"{value}"' for value in schema["enum"])
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def referenced(schema: dict[str, Any]) -> list[str]:
    """The schema names a schema refers to, for links."""
    if "$ref" in schema:
        return [schema["$ref"].removeprefix(REF_PREFIX)]
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += referenced(option)
    if "items" in schema:
        found += referenced(schema["items"])
    return found


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str
    default: Any = None
    constraints: str = ""


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    responses: list[tuple[str, str, list[str]]] = field(default_factory=list)


def _constraints(schema: dict[str, Any]) -> str:
    parts = []
    for key, label in (("minimum", "at least"), ("maximum", "at most")):
        if key in schema:
            parts.append(f"{label} {schema[key]}")
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']} characters")
    if "pattern" in schema:
        parts.append(f"matches {schema['pattern']}")
    return ", ".join(parts)


def operations(schema: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            operation = Operation(
                method=method.upper(),
                path=path,
                anchor=spec.get("operationId", f"{method}-{path}"),
                summary=spec.get("summary", ""),
                description=spec.get("description", ""),
            )
            for param in spec.get("parameters", []):
                param_schema = param.get("schema", {})
                options = [param_schema, *param_schema.get("anyOf", [])]
                operation.parameters.append(
                    Parameter(
                        name=param["name"],
                        where=param["in"],
                        type=type_text(param_schema),
                        required=param.get("required", False),
                        description=param.get("description", param_schema.get("description", "")),
                        default=param_schema.get("default"),
                        constraints="; ".join(filter(None, map(_constraints, options))),
                    )
                )
            for status, answer in spec.get("responses", {}).items():
                body = answer.get("content", {}).get("application/json", {}).get("schema", {})
                operation.responses.append((status, type_text(body), referenced(body)))
            found.append(operation)
    return found


@dataclass
class Property:
    name: str
    type: str
    links: list[str]
    required: bool
    description: str


def schema_entries(schema: dict[str, Any]) -> list[tuple[str, str, list[Property]]]:
    """(name, description, properties) of every schema, by name."""
    entries = []
    for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(spec.get("required", []))
        properties = [
            Property(
                key,
                type_text(value),
                referenced(value),
                key in required,
                value.get("description", ""),
            )
            for key, value in spec.get("properties", {}).items()
        ]
        entries.append((name, spec.get("description", ""), properties))
    return entries
