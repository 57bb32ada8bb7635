"""alliance: a township party-building alliance programme (党建联盟) over one SQLite file."""

__version__ = "0.1.0"
