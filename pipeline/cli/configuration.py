"""`netplus config show`: the effective settings and where each came from."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.cli.base import cli, db_option, echo_json, json_option, region_option, settings
from pipeline.config import SETTINGS, config_path


@cli.group()
def config() -> None:
    """Settings: a TOML file in your config directory holds your defaults."""


@config.command(name="show")
@db_option
@region_option
@json_option
def config_show(db: str | None, region: str | None, as_json: bool) -> None:
    """Print the effective settings and where each came from: flag, environment, file or default.

    Example:
        netplus config show
        NETPLUS_REGION=DE netplus config show --json
    """
    effective = settings(db, region)
    rows = [
        {"setting": s.name, "value": effective[s.name], "from": effective.origins[s.name], "meaning": s.help}
        for s in SETTINGS
    ]
    if as_json:
        echo_json({"config_file": str(config_path()), "settings": rows})
        return
    table = Table("setting", "value", "from", "meaning", title=f"config file: {config_path()}", title_justify="left")
    for row in rows:
        value = row["value"]
        if isinstance(value, dict):  # source priority: one line per field
            value = "\n".join(f"{field}: {' > '.join(kinds)}" for field, kinds in value.items())
        table.add_row(row["setting"], Text(str(value)), Text(row["from"]), row["meaning"])
    Console(highlight=False, soft_wrap=True).print(table)
