#!/usr/bin/python3
"""Fills unfinished entries of translations/rampart_{pl,en}.ts after `rampart_lupdate`.

Polish comes from pl_glossary.py (a missing entry stays unfinished, so the translation test
fails and names it). English is the source language: its translations are the source text,
and numerus forms become singular / plural ("%n day(s)" -> "%n day", "%n days").
Usage: translations/tools/fill_ts.py   (from the repository root)
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pl_glossary import PL  # noqa: E402

ROOT = os.path.dirname(HERE)


def english_forms(source):
    singular = re.sub(r'\((\w+)\)', '', source).replace('(s)', '')
    plural = re.sub(r'\((\w+)\)', r'\1', source)
    return [singular, plural]


def fill(path, translate):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter('message'):
        source = message.find('source').text or ''
        translation = message.find('translation')
        numerus = message.get('numerus') == 'yes'
        value = translate(source, numerus)
        if value is None:
            missing.append(source)
            continue
        translation.attrib.pop('type', None)
        for child in list(translation):
            translation.remove(child)
        if numerus:
            translation.text = None
            for form in value:
                ET.SubElement(translation, 'numerusform').text = form
        else:
            translation.text = value
    with open(path, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding='utf-8', xml_declaration=False)
    return missing


def polish(source, numerus):
    value = PL.get(source)
    if value is None or isinstance(value, list) != numerus:
        return None
    return value


def english(source, numerus):
    return english_forms(source) if numerus else source


missing = fill(os.path.join(ROOT, 'rampart_pl.ts'), polish)
fill(os.path.join(ROOT, 'rampart_en.ts'), english)
for m in missing:
    print('no Polish translation:', repr(m))
sys.exit(1 if missing else 0)
