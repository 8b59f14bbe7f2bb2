"""Bookkeeping tables that are not domain data."""

from datetime import datetime

from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """A single counter that every data write bumps; read caches are keyed on it."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0)
    updated_at: datetime
