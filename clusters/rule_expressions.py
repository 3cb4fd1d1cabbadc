"""The small language of field-report validation rules: parsed by a grammar of its own, never ``eval``.

A rule states what a plausible report looks like; the rule fires when its expression is false::

    displaced <= affected_people
    not (dead > 0 and injured == 0 and missing == 0)
    displaced <= 3 * prev(displaced)
    displaced <= 10 * kabkota_max(displaced)

Grammar (whitespace between tokens is free)::

    expression := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [("<=" | "<" | ">=" | ">" | "==" | "!=") sum]
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | FIELD | FUNCTION "(" FIELD ")" | "(" expression ")"

FIELD is one of the report's figures (``IMPACT_FIELDS``); FUNCTION is ``prev`` (the figure in the last approved
report of the same area), ``kabkota_max`` or ``kabkota_avg`` (over the approved reports of the same disaster and
kabupaten/kota). A figure that was not reported (blank) or a function with nothing to look at makes the rule not
applicable to that report: it neither passes nor fires.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import IMPACT_FIELDS

FUNCTIONS = ("prev", "kabkota_max", "kabkota_avg")
COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
KEYWORDS = ("and", "or", "not")
MAX_LENGTH = 500
MAX_DEPTH = 30

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(<=|>=|==|!=|[<>+\-*/()]))")


class RuleSyntaxError(ValueError):
    """The expression is not in the rules' language; the message says where, in the user's language."""


@dataclass(frozen=True)
class Node:
    op: str  # "num", "field", "call", "neg", "+", "-", "*", "/", a comparison, "and", "or", "not"
    args: tuple = ()
    value: object = None

    @property
    def is_condition(self) -> bool:
        return self.op in COMPARISONS or self.op in KEYWORDS


class _Missing(Exception):
    """A figure the expression needs was not reported: the rule does not apply."""


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            offset = len(text) - len(text[position:].lstrip())
            raise RuleSyntaxError(
                _("Unexpected character “%(char)s” at position %(pos)s.") % {"char": text[offset], "pos": offset + 1}
            )
        number, name, symbol = match.groups()
        start = match.start(match.lastindex)
        if number is not None:
            tokens.append(("num", number, start))
        elif name is not None:
            tokens.append(("kw" if name in KEYWORDS else "name", name, start))
        else:
            tokens.append(("sym", symbol, start))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.index += 1
        return token

    def expect(self, value: str):
        token = self.take()
        if token is None or token[1] != value:
            raise RuleSyntaxError(self._where(token, _("“%(token)s” expected") % {"token": value}))

    def _where(self, token, message: str) -> str:
        if token is None:
            return _("%(problem)s at the end of the expression.") % {"problem": message}
        return _("%(problem)s at position %(pos)s (“%(token)s”).") % {
            "problem": message,
            "pos": token[2] + 1,
            "token": token[1],
        }

    def nested(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RuleSyntaxError(_("The expression is nested too deeply."))

    def parse(self) -> Node:
        if not self.tokens:
            raise RuleSyntaxError(_("The expression is empty."))
        node = self.or_()
        if self.peek() is not None:
            raise RuleSyntaxError(self._where(self.peek(), _("Unexpected word")))
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek() and self.peek()[1] == "or":
            self.take()
            node = Node("or", (node, self.and_()))
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.peek() and self.peek()[1] == "and":
            self.take()
            node = Node("and", (node, self.not_()))
        return node

    def not_(self) -> Node:
        if self.peek() and self.peek()[1] == "not":
            self.take()
            self.nested()
            return Node("not", (self.not_(),))
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum_()
        token = self.peek()
        if token and token[1] in COMPARISONS:
            self.take()
            node = Node(token[1], (node, self.sum_()))
            following = self.peek()
            if following and following[1] in COMPARISONS:
                raise RuleSyntaxError(self._where(following, _("Write two comparisons joined by “and”")))
        return node

    def sum_(self) -> Node:
        node = self.product()
        while self.peek() and self.peek()[1] in ("+", "-"):
            operator = self.take()[1]
            node = Node(operator, (node, self.product()))
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek() and self.peek()[1] in ("*", "/"):
            operator = self.take()[1]
            node = Node(operator, (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.peek() and self.peek()[1] == "-":
            self.take()
            self.nested()
            return Node("neg", (self.unary(),))
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token is None:
            raise RuleSyntaxError(_("The expression ends too early."))
        kind, text, _position = token
        if kind == "num":
            return Node("num", value=float(text) if "." in text else int(text))
        if text == "(":
            self.nested()
            node = self.or_()
            self.expect(")")
            return node
        if kind == "name":
            if text in FUNCTIONS:
                self.expect("(")
                argument = self.take()
                if argument is None or argument[0] != "name" or argument[1] not in IMPACT_FIELDS:
                    raise RuleSyntaxError(
                        self._where(argument, _("%(function)s() takes one figure of the report") % {"function": text})
                    )
                self.expect(")")
                return Node("call", value=(text, argument[1]))
            if text in IMPACT_FIELDS:
                return Node("field", value=text)
            known = ", ".join(IMPACT_FIELDS + FUNCTIONS)
            raise RuleSyntaxError(
                self._where(token, _("Unknown figure or function; known: %(names)s") % {"names": known})
            )
        raise RuleSyntaxError(self._where(token, _("A number, a figure or “(” expected")))


def _check_types(node: Node, *, condition: bool) -> None:
    """Conditions where conditions belong ("and", "or", "not", the whole rule), numbers everywhere else."""
    if condition and not node.is_condition:
        raise RuleSyntaxError(_("The rule must be a comparison, e.g. “displaced <= affected_people”."))
    if not condition and node.is_condition:
        raise RuleSyntaxError(_("A comparison cannot be used as a number."))
    if node.op in ("and", "or", "not"):
        for child in node.args:
            _check_types(child, condition=True)
    elif node.op in COMPARISONS or node.op in ("+", "-", "*", "/", "neg"):
        for child in node.args:
            _check_types(child, condition=False)


def parse_rule(text: str) -> Node:
    """The expression's tree, or ``RuleSyntaxError`` saying what is wrong and where."""
    text = text or ""
    if len(text) > MAX_LENGTH:
        raise RuleSyntaxError(_("The expression is longer than %(max)s characters.") % {"max": MAX_LENGTH})
    tree = _Parser(text).parse()
    _check_types(tree, condition=True)
    return tree


def rule_figures(node: Node) -> set[str]:
    """The report figures an expression reads (directly or through a function)."""
    found = set()
    if node.op == "field":
        found.add(node.value)
    elif node.op == "call":
        found.add(node.value[1])
    for child in node.args:
        found |= rule_figures(child)
    return found


def rule_calls(node: Node) -> set[tuple[str, str]]:
    """The ``(function, figure)`` pairs an expression asks for, so they are looked up once per submission."""
    found = {node.value} if node.op == "call" else set()
    for child in node.args:
        found |= rule_calls(child)
    return found


def _value(node: Node, figures: dict, lookups: dict):
    op = node.op
    if op == "num":
        return node.value
    if op == "field":
        value = figures.get(node.value)
        if value is None:
            raise _Missing
        return value
    if op == "call":
        value = lookups.get(node.value)
        if value is None:
            raise _Missing
        return value
    if op == "neg":
        return -_value(node.args[0], figures, lookups)
    left, right = (_value(child, figures, lookups) for child in node.args)
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        raise _Missing
    return left / right


def _holds(node: Node, figures: dict, lookups: dict) -> bool:
    op = node.op
    if op == "not":
        return not _holds(node.args[0], figures, lookups)
    if op == "and":
        return _holds(node.args[0], figures, lookups) and _holds(node.args[1], figures, lookups)
    if op == "or":
        return _holds(node.args[0], figures, lookups) or _holds(node.args[1], figures, lookups)
    left, right = (_value(child, figures, lookups) for child in node.args)
    return {
        "<=": left <= right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
        "<": left < right,
        ">": left > right,
    }[op]


def rule_holds(node: Node, *, figures: dict, lookups: dict) -> bool | None:
    """True when the report satisfies the rule, False when it breaks it, None when the rule does not apply
    (a figure it reads was left blank, a previous report does not exist, a division by zero)."""
    try:
        return _holds(node, figures, lookups)
    except _Missing:
        return None
