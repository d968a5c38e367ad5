"""Formulas of benefit rules: parsed from text, checked against their names, evaluated in Decimal arithmetic.

A formula is data (``0.14 * max(0, ceiling_low - S)``): numbers, named parameters of the rule, the variables the
calculator supplies (``VARIABLES``), + - * /, parentheses and the functions ``max`` and ``min``. Nothing else
parses, so a formula staff type in the admin can never run code.
"""

from __future__ import annotations

import ast
from decimal import Decimal, InvalidOperation
from functools import lru_cache

#: Variables the calculator supplies for each worker and period.
VARIABLES = {
    "S": "reference quarterly wage of the worker (gross wage for full-time work over a full quarter)",
    "W": "total quarterly wage mass of the worker (category 2 supplement)",
    "mu": "multiplication factor µ of the DmfA formula Ps = R × µ × βs",
    "beta": "performance fraction βs of the worker in the quarter",
    "wage": "gross wage of the period",
}

_FUNCTIONS = {"max": max, "min": min}
_BINARY = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}


class FormulaError(ValueError):
    """The formula does not parse, uses an unknown name, or cannot be evaluated."""


@lru_cache(maxsize=256)
def parse(expression: str) -> ast.Expression:
    """The checked syntax tree (cached: the calculator evaluates the same formulas for every worker and quarter)."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a valid formula: {exc.msg}") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
                raise FormulaError("only the functions max(...) and min(...) may be called")
        elif not isinstance(
            node,
            ast.Expression
            | ast.BinOp
            | ast.UnaryOp
            | ast.Constant
            | ast.Name
            | ast.Load
            | ast.Add
            | ast.Sub
            | ast.Mult
            | ast.Div
            | ast.USub
            | ast.UAdd,
        ):
            raise FormulaError(f"{type(node).__name__} is not allowed in a formula")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise FormulaError("only numbers may appear as constants")
    return tree


@lru_cache(maxsize=256)
def names_used(expression: str) -> frozenset[str]:
    tree = parse(expression)
    return frozenset(node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id not in _FUNCTIONS)


def check(expression: str, parameter_names) -> None:
    """Raise FormulaError unless every name in ``expression`` is a parameter or a known variable."""
    unknown = names_used(expression) - set(parameter_names) - set(VARIABLES)
    if unknown:
        raise FormulaError(f"unknown name(s) {', '.join(sorted(unknown))}: declare them as parameters")


def evaluate(expression: str, values: dict[str, Decimal]) -> Decimal:
    """The value of ``expression`` with ``values`` for its names (parameters and variables), as a Decimal."""
    tree = parse(expression)

    def value(node) -> Decimal:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise FormulaError(f"no value for {node.id}")
            return Decimal(values[node.id])
        if isinstance(node, ast.UnaryOp):
            operand = value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = value(node.left), value(node.right)
            if isinstance(node.op, ast.Div):
                try:
                    return left / right
                except (ZeroDivisionError, InvalidOperation):
                    raise FormulaError("division by zero") from None
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Call):
            return _FUNCTIONS[node.func.id](*(value(arg) for arg in node.args))
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula")

    return value(tree)
