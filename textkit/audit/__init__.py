"""Stage 4, auditing: the rule checks of one report and across a body's years, and the report card."""
