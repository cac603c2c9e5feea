"""The trainers' pages, one module per area: the pool (``pool``), an occasion's team and its days with
substitutes (``teams``), a trainer's own days in Plattformen (``mine``), recruiting calls (``calls``),
trainer meetings (``meetings``) and the days-taught report (``reports``). Thin: look up within scope,
check the rule, call a service or a selector, render."""
