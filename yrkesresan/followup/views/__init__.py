"""Follow-up pages by area: reports (``reports``), surveys (``surveys``), inventory and planning
(``inventory``), and the yearly report to the steering group (``yearly``)."""
