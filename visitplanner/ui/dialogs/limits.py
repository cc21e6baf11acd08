"""The office's limits the checks apply (kept in the database, shared by every officer): travel
buffer, interpreters' workload (AIIC's norms by default), arrival and departure margins, who may
meet a principal, and the gift declaration threshold."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from visitplanner.domain.errors import UserError
from visitplanner.domain.findings import DEFAULT_OPTIONS, CheckOptions
from visitplanner.domain.office import LIMITS, MOST_THRESHOLD, limit_named, parse_rates, rates_text, validate_options
from visitplanner.domain.values import money, parse_amount
from visitplanner.ui.dialogs.base import FormDialog

#: The form's label of each whole-number limit (with its mnemonic), in the form's order; what the
#: limits mean and their ranges are declared once, in `visitplanner.domain.office.LIMITS`.
_WHOLE: tuple[tuple[str, str], ...] = (
    ("travel_buffer_minutes", "&Travel buffer"),
    ("simultaneous_solo_minutes", "&Simultaneous, alone"),
    ("interpreting_daily_minutes", "&Interpreting alone a day"),
    ("arrival_margin_minutes", "&Arrival margin"),
    ("departure_margin_minutes", "De&parture margin"),
    ("pickup_wait_minutes", "Pick-up &wait"),
    ("greeter_precedence", "&Greeter rank"),
)
assert {name for name, _ in _WHOLE} == {limit.name for limit in LIMITS if limit.unit in ("minutes", "rank")}


def amount_text(value: int, currency: str) -> str:
    """ "140.00" for GBP 140, "200,000" for KRW 200,000: the threshold as its field shows it."""
    return money(value, currency).partition(" ")[2]


class OfficeLimitsDialog(FormDialog[CheckOptions]):
    """Edits the office's limits; "Restore defaults" puts back AIIC's norms and the office defaults.

    Attributes:
        spins: option name to its spin box (the whole-number limits).
        threshold_edit, currency_edit: the gift declaration threshold and its currency.
        defaults_button: fills the form with the defaults (nothing is saved until OK).
    """

    def __init__(self, parent: QWidget | None, initial: CheckOptions) -> None:
        super().__init__(parent, "Office limits")
        intro = QLabel(
            "The office's limits: the checks apply them to every visit in this database, for every "
            "officer who shares it (and to <tt>visitplanner check</tt>). Interpreters' limits follow "
            "AIIC's norms by default. Saving is one step of Undo."
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.spins: dict[str, QSpinBox] = {}
        for name, label in _WHOLE:
            limit = limit_named(name)
            spin = QSpinBox()
            spin.setRange(limit.lowest, limit.highest)
            spin.setSuffix(" min" if limit.unit == "minutes" else "")
            spin.setToolTip(limit.help[:1].upper() + limit.help[1:])
            spin.setValue(getattr(initial, name))
            self.form.addRow(label, spin)
            self.fields[name] = self.spins[name] = spin
        self.threshold_edit = QLineEdit(amount_text(initial.declaration_threshold, initial.declaration_currency))
        self.threshold_edit.setToolTip("A gift received above this value must be declared")
        self.currency_edit = QLineEdit(initial.declaration_currency)
        self.currency_edit.setMaxLength(3)
        self.currency_edit.setAccessibleName("Declaration currency")
        self.currency_edit.setMaximumWidth(70)
        self.currency_edit.setToolTip("ISO 4217 code of the threshold")
        row = QHBoxLayout()
        row.addWidget(self.threshold_edit, 1)
        row.addWidget(self.currency_edit)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        threshold_label = QLabel("Gift &declaration over")
        threshold_label.setBuddy(self.threshold_edit)
        self.form.addRow(threshold_label, holder)
        self.fields["declaration_threshold"] = self.threshold_edit
        self.fields["declaration_currency"] = self.currency_edit
        self.rates_edit = QLineEdit(rates_text(initial.declaration_rates))
        self.rates_edit.setPlaceholderText("e.g. KRW=0.00058, EUR=0.86")
        self.rates_edit.setToolTip(
            "What one unit of another currency is worth in the declaration currency, so that gifts valued in it "
            "are compared with the threshold; a currency with no rate is not compared"
        )
        rates_label = QLabel("E&xchange rates")
        rates_label.setBuddy(self.rates_edit)
        self.form.addRow(rates_label, self.rates_edit)
        self.fields["declaration_rates"] = self.rates_edit
        self.defaults_button = QPushButton("&Restore defaults")
        self.defaults_button.setToolTip("AIIC's norms for interpreters and the office defaults for the rest")
        self.defaults_button.clicked.connect(lambda: self.show_options(DEFAULT_OPTIONS))
        self.buttons.addButton(self.defaults_button, self.buttons.ButtonRole.ResetRole)
        self.resize(560, 450)

    def show_options(self, options: CheckOptions) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(options, name))
        self.threshold_edit.setText(amount_text(options.declaration_threshold, options.declaration_currency))
        self.currency_edit.setText(options.declaration_currency)
        self.rates_edit.setText(rates_text(options.declaration_rates))

    def value(self) -> CheckOptions:
        currency = self.currency_edit.text().strip().upper()
        if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
            raise UserError(
                f"declaration_currency: {currency!r} is not a three-letter currency code like GBP",
                field="declaration_currency",
            )
        try:
            threshold = parse_amount(self.threshold_edit.text(), currency, field="declaration_threshold")
        except UserError:
            threshold = -1
        if threshold is None or not 0 <= threshold <= MOST_THRESHOLD:
            raise UserError(
                f"declaration_threshold: {self.threshold_edit.text().strip()!r} is not an amount in {currency}",
                field="declaration_threshold",
            )
        rates = parse_rates(self.rates_edit.text(), currency)
        whole = {name: spin.value() for name, spin in self.spins.items()}
        options = replace(
            DEFAULT_OPTIONS,
            **whole,
            declaration_threshold=threshold,
            declaration_currency=currency,
            declaration_rates=rates,
        )
        validate_options(options)  # the service's own rule, named by field
        return options

    @classmethod
    def ask(cls, parent: QWidget | None, initial: CheckOptions) -> CheckOptions | None:
        """The limits as edited, or None when cancelled."""
        dialog = cls(parent, initial)
        return dialog.result_value() if dialog.exec() else None
