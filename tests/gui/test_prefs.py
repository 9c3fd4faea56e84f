"""The window's preferences in settings.json: kept across starts, merged between two copies of
the app, and carried over from the settings.ini of earlier versions without QSettings."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from quizapp.gui.prefs import Prefs
from quizapp.gui.theme import DEFAULT_POINT_SIZE

SETUP = {"bank_ids": ["parade-attendees", "korean-peninsula"], "count": 10,
         "title": 'Zoë\'s "hard" one, \\ and 김민준', "difficulties": ["hard"]}


def test_preferences_are_kept_across_starts(tmp_path):
    prefs = Prefs(tmp_path)
    assert (prefs.point_size, prefs.high_contrast, prefs.last_setup, prefs.geometry,
            prefs.players, prefs.last_player) == (DEFAULT_POINT_SIZE, False, {}, None, [], "")
    prefs.point_size = 18
    prefs.high_contrast = True
    prefs.last_setup = SETUP
    prefs.geometry = b"\x01\xd9\xd0\xcb\x00\x03"
    prefs.remember_player("Zoë")
    prefs.remember_player("김민준")
    prefs.remember_player("Zoë")
    again = Prefs(tmp_path)  # the next start; every change was written when made
    assert (again.point_size, again.high_contrast, again.last_setup, again.geometry,
            again.players, again.last_player) == (18, True, SETUP, b"\x01\xd9\xd0\xcb\x00\x03",
                                                  ["Zoë", "김민준"], "Zoë")
    assert json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))["point_size"] == 18


def test_two_copies_of_the_app_keep_each_others_changes(tmp_path):
    first, second = Prefs(tmp_path), Prefs(tmp_path)
    first.point_size = 20
    second.high_contrast = True  # written after the first copy's change, which it keeps
    assert (Prefs(tmp_path).point_size, Prefs(tmp_path).high_contrast) == (20, True)


def test_the_settings_of_an_earlier_version_are_carried_over(tmp_path):
    old = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    old.setValue("view/point_size", 16)
    old.setValue("view/high_contrast", True)
    old.setValue("quiz/last_setup", json.dumps(SETUP))
    old.setValue("players/names", json.dumps(["Zoë", "김민준"]))
    old.setValue("players/last", "김민준")
    old.setValue("window/geometry", b"\x01\x02")  # a pickle: never read
    old.sync()
    del old
    prefs = Prefs(tmp_path)
    assert (prefs.point_size, prefs.high_contrast, prefs.last_setup, prefs.players,
            prefs.last_player, prefs.geometry) == (16, True, SETUP, ["Zoë", "김민준"], "김민준",
                                                   None)
    assert (tmp_path / "settings.json").exists()  # read once: from now on the JSON file
    (tmp_path / "settings.ini").write_text("[view]\npoint_size=30\n", encoding="utf-8")
    assert Prefs(tmp_path).point_size == 16


def test_values_of_the_wrong_type_give_defaults(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({
        "point_size": True, "high_contrast": "yes", "last_setup": [1], "geometry": "%%%",
        "players": ["Zoë", 3, None], "last_player": {"a": 1}}), encoding="utf-8")
    prefs = Prefs(tmp_path)
    assert (prefs.point_size, prefs.high_contrast, prefs.last_setup, prefs.geometry,
            prefs.players, prefs.last_player) == (DEFAULT_POINT_SIZE, False, {}, None, ["Zoë"],
                                                  "")
