"""Official statistics: sources, production, reserves and net import reliance."""

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.reference import form_foreign_key


class Source(SQLModel, table=True):
    """A document a fact comes from (a statistics publication or, later, an article)."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("url", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=300)
    publisher: str = Field(max_length=200)
    year: int | None = None
    url: str = Field(max_length=500)
    page: str | None = Field(default=None, max_length=40)


class FigureFields(SQLModel):
    """Columns shared by production and reserve figures.

    `value_text` keeps the figure exactly as the source prints it ("W", "NA", ">95",
    "Included in World total"); `value` is the number when the text is one.
    """

    mineral_slug: str = Field(foreign_key="mineral.slug", max_length=40)
    form_slug: str = Field(max_length=40)
    year: int
    country_iso2: str | None = Field(default=None, foreign_key="country.iso2", max_length=2)
    label: str = Field(max_length=120, description="Row label as printed by the source")
    row_kind: str = Field(max_length=10, description="country, other or world")
    value: float | None = None
    value_text: str = Field(max_length=60)
    unit: str = Field(max_length=120)
    estimated: bool = False
    source_id: int = Field(foreign_key="source.id", index=True)


class ProductionFigure(FigureFields, table=True):
    __tablename__ = "production_figure"
    __table_args__ = (
        UniqueConstraint("mineral_slug", "form_slug", "year", "label"),
        Index("ix_production_figure_country", "country_iso2", "mineral_slug"),
        form_foreign_key(),
    )

    id: int | None = Field(default=None, primary_key=True)


class ReserveFigure(FigureFields, table=True):
    __tablename__ = "reserve_figure"
    __table_args__ = (
        UniqueConstraint("mineral_slug", "form_slug", "year", "label"),
        Index("ix_reserve_figure_country", "country_iso2", "mineral_slug"),
        form_foreign_key(),
    )

    id: int | None = Field(default=None, primary_key=True)


class ImportReliance(SQLModel, table=True):
    """Net import reliance of an importer for a mineral in a year, with import sources."""

    __tablename__ = "import_reliance"
    __table_args__ = (
        UniqueConstraint("importer_iso2", "mineral_slug", "basis", "year"),
        Index("ix_import_reliance_mineral", "mineral_slug", "importer_iso2"),
        form_foreign_key(),
    )

    id: int | None = Field(default=None, primary_key=True)
    importer_iso2: str = Field(foreign_key="country.iso2", max_length=2)
    mineral_slug: str = Field(foreign_key="mineral.slug", max_length=40)
    form_slug: str | None = Field(default=None, max_length=40)
    basis: str = Field(max_length=200, description="What the percentage is of")
    year: int
    value: float | None = None
    value_text: str = Field(max_length=20)
    estimated: bool = False
    import_sources: str | None = Field(default=None, max_length=1000)
    import_sources_period: str | None = Field(default=None, max_length=20)
    source_id: int = Field(foreign_key="source.id", index=True)
