"""Reference tables: countries, minerals, their aliases, commodity forms, critical lists."""

from sqlalchemy import JSON, Column, ForeignKeyConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models import base as _base  # noqa: F401  (installs the naming convention first)


class Country(SQLModel, table=True):
    __tablename__ = "country"

    iso2: str = Field(primary_key=True, max_length=2)
    iso3: str = Field(max_length=3, unique=True)
    numeric: str = Field(max_length=3)
    name: str = Field(max_length=120)
    official_name: str | None = Field(default=None, max_length=200)
    region: str = Field(max_length=40, index=True)
    subregion: str | None = Field(default=None, max_length=60)


class CountryAlias(SQLModel, table=True):
    """A surface form the entity linker maps to a country ("U.S.", "Kyiv", "Chinese")."""

    __tablename__ = "country_alias"
    __table_args__ = (UniqueConstraint("country_iso2", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    country_iso2: str = Field(foreign_key="country.iso2", max_length=2, index=True)
    alias: str = Field(max_length=120)
    kind: str = Field(max_length=20)


class Mineral(SQLModel, table=True):
    __tablename__ = "mineral"

    slug: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=80)
    kind: str = Field(max_length=20, description="element, group or commodity")
    group_slug: str | None = Field(default=None, foreign_key="mineral.slug", index=True)
    symbol: str | None = Field(default=None, max_length=3)
    uses: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class MineralAlias(SQLModel, table=True):
    __tablename__ = "mineral_alias"
    __table_args__ = (UniqueConstraint("mineral_slug", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    mineral_slug: str = Field(foreign_key="mineral.slug", max_length=40, index=True)
    alias: str = Field(max_length=120)


class CommodityForm(SQLModel, table=True):
    """A form in which a mineral is produced and counted (mine output, sponge, ilmenite)."""

    __tablename__ = "commodity_form"

    mineral_slug: str = Field(foreign_key="mineral.slug", primary_key=True, max_length=40)
    slug: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)
    stage: str = Field(max_length=20)
    is_default: bool = Field(default=False)


class CriticalList(SQLModel, table=True):
    __tablename__ = "critical_list"

    slug: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    issuer: str = Field(max_length=120)
    year: int
    url: str = Field(max_length=500)
    size: int = Field(description="Number of entries on the official list")
    other_entries: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="Entries of the list outside Orewatch's mineral vocabulary",
    )


class CriticalListMembership(SQLModel, table=True):
    __tablename__ = "critical_list_membership"

    list_slug: str = Field(foreign_key="critical_list.slug", primary_key=True, max_length=40)
    mineral_slug: str = Field(foreign_key="mineral.slug", primary_key=True, max_length=40)
    entry: str = Field(max_length=120, description="The list's own wording of the entry")


def form_foreign_key() -> ForeignKeyConstraint:
    """(mineral_slug, form_slug) -> commodity_form, shared by every statistics table."""
    return ForeignKeyConstraint(
        ["mineral_slug", "form_slug"], ["commodity_form.mineral_slug", "commodity_form.slug"]
    )
