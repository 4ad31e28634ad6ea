"""Demo pictures drawn with Pillow: simple flat scenes, one palette each, no file read.

Each function draws one scene at WIDTH x HEIGHT and returns a Pillow image; `png_bytes`
encodes it for the library's upload gate. Drawn, not downloaded: the demo needs no network
and carries no one else's photographs.
"""

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1280, 720


def png_bytes(picture):
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _canvas(top, bottom, horizon=HEIGHT):
    """A vertical gradient from `top` to `bottom` down to `horizon`."""
    picture = Image.new("RGB", (WIDTH, HEIGHT), bottom)
    draw = ImageDraw.Draw(picture)
    for y in range(horizon):
        share = y / max(1, horizon - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    return picture, draw


def port():
    """Containers stacked on a quay, a crane, the sea: Tanger Med."""
    picture, draw = _canvas((120, 180, 230), (220, 235, 245), 430)
    draw.rectangle([0, 430, WIDTH, HEIGHT], fill=(30, 90, 140))
    draw.rectangle([0, 520, WIDTH, 560], fill=(90, 90, 95))
    colours = [(200, 60, 50), (40, 110, 170), (230, 160, 40), (60, 140, 80), (150, 60, 120)]
    rng = random.Random(1)
    for column in range(14):
        for row in range(rng.randint(1, 4)):
            x, y = 80 + column * 70, 520 - (row + 1) * 36
            draw.rectangle([x, y, x + 64, y + 32], fill=rng.choice(colours), outline=(40, 40, 40))
    draw.rectangle([1110, 150, 1130, 520], fill=(230, 120, 30))
    draw.rectangle([960, 150, 1240, 170], fill=(230, 120, 30))
    draw.line([(1000, 170), (1000, 300)], fill=(60, 60, 60), width=3)
    return picture


def ship():
    """A container ship at sea under a low sun."""
    picture, draw = _canvas((250, 200, 150), (250, 230, 200), 400)
    draw.ellipse([880, 250, 1000, 370], fill=(250, 150, 70))
    draw.rectangle([0, 400, WIDTH, HEIGHT], fill=(20, 70, 120))
    draw.polygon([(250, 420), (1000, 420), (950, 500), (300, 500)], fill=(50, 50, 60))
    rng = random.Random(2)
    for column in range(16):
        x = 320 + column * 38
        colour = rng.choice([(190, 50, 40), (40, 120, 170), (220, 170, 50), (70, 150, 90)])
        draw.rectangle([x, 372, x + 34, 418], fill=colour)
    draw.rectangle([880, 320, 940, 420], fill=(235, 235, 235))
    for y in range(440, HEIGHT, 28):
        draw.line([(0, y), (WIDTH, y)], fill=(40, 95, 150), width=2)
    return picture


def argan():
    """Argan trees on dry hills in the afternoon light of the Souss."""
    picture, draw = _canvas((245, 190, 110), (250, 225, 170), 360)
    draw.polygon(
        [(0, 380), (300, 300), (700, 360), (1000, 290), (WIDTH, 340), (WIDTH, HEIGHT), (0, HEIGHT)],
        fill=(200, 140, 80),
    )
    draw.polygon(
        [(0, 520), (400, 460), (900, 520), (WIDTH, 470), (WIDTH, HEIGHT), (0, HEIGHT)],
        fill=(170, 110, 60),
    )
    for x, y, size in ((220, 470, 90), (560, 430, 70), (900, 480, 110), (1150, 440, 60)):
        draw.rectangle([x - 8, y, x + 8, y + size], fill=(90, 60, 40))
        draw.ellipse([x - size, y - size * 0.6, x + size, y + size * 0.4], fill=(70, 120, 60))
    return picture


def rain():
    """Rain over the medina's walls and an arch."""
    picture, draw = _canvas((110, 120, 140), (170, 175, 185), HEIGHT)
    draw.rectangle([0, 330, WIDTH, HEIGHT], fill=(190, 150, 110))
    for x, top in ((0, 260), (260, 220), (560, 280), (860, 240), (1080, 200)):
        draw.rectangle([x, top, x + 220, 600], fill=(205, 170, 125), outline=(150, 115, 85))
    draw.rectangle([520, 360, 760, 720], fill=(205, 170, 125))
    draw.ellipse([560, 380, 720, 540], fill=(60, 80, 110))
    draw.rectangle([560, 460, 720, 720], fill=(60, 80, 110))
    draw.rectangle([0, 640, WIDTH, HEIGHT], fill=(120, 130, 140))
    rng = random.Random(3)
    for _drop in range(400):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        draw.line([(x, y), (x - 8, y + 26)], fill=(225, 230, 240), width=2)
    return picture


def copper():
    """Copper trays hanging in a souk."""
    picture, draw = _canvas((70, 40, 30), (110, 65, 40), HEIGHT)
    for row in range(3):
        for column in range(6):
            x, y = 120 + column * 200, 130 + row * 210
            radius = 70 + (row + column) % 3 * 10
            draw.ellipse(
                [x - radius, y - radius, x + radius, y + radius],
                fill=(200, 120, 60),
                outline=(240, 180, 110),
                width=6,
            )
            draw.ellipse([x - 20, y - 20, x + 20, y + 20], fill=(230, 160, 90))
    return picture


def tannery():
    """The tannery's dye pits seen from above."""
    picture, draw = _canvas((230, 220, 200), (210, 200, 180), HEIGHT)
    colours = [
        (200, 60, 50),
        (230, 180, 60),
        (110, 80, 50),
        (60, 120, 160),
        (240, 240, 230),
        (170, 90, 40),
    ]
    for row in range(4):
        for column in range(8):
            x, y = 40 + column * 155, 40 + row * 170
            draw.ellipse(
                [x, y, x + 130, y + 130],
                fill=colours[(row * 3 + column) % 6],
                outline=(160, 150, 130),
                width=8,
            )
    return picture


def alley():
    """A narrow alley of the old town, its blue doors."""
    picture, draw = _canvas((150, 190, 230), (200, 220, 240), 200)
    draw.polygon([(0, 0), (470, 200), (470, 720), (0, 720)], fill=(225, 215, 195))
    draw.polygon([(WIDTH, 0), (810, 200), (810, 720), (WIDTH, 720)], fill=(210, 195, 170))
    draw.rectangle([470, 200, 810, 720], fill=(235, 225, 205))
    draw.rectangle([590, 420, 690, 720], fill=(40, 90, 170))
    draw.ellipse([590, 370, 690, 470], fill=(40, 90, 170))
    draw.polygon([(120, 300), (260, 330), (260, 720), (120, 720)], fill=(30, 80, 160))
    draw.polygon([(1160, 300), (1020, 330), (1020, 720), (1160, 720)], fill=(30, 80, 160))
    return picture


def books():
    """Piles of school books, ready to go to the villages."""
    picture, draw = _canvas((200, 110, 80), (220, 140, 100), HEIGHT)
    draw.rectangle([0, 600, WIDTH, HEIGHT], fill=(120, 80, 60))
    rng = random.Random(4)
    colours = [
        (40, 90, 150),
        (200, 60, 60),
        (60, 140, 90),
        (230, 190, 60),
        (240, 240, 235),
        (120, 70, 140),
    ]
    for pile in range(6):
        x, y = 90 + pile * 190, 600
        for _book in range(rng.randint(6, 11)):
            height = rng.randint(22, 40)
            shift = rng.randint(-12, 12)
            draw.rectangle(
                [x + shift, y - height, x + 150 + shift, y],
                fill=rng.choice(colours),
                outline=(60, 40, 30),
            )
            y -= height
    return picture


def stadium():
    """A football pitch under floodlights, the stands full."""
    picture, draw = _canvas((20, 30, 60), (40, 60, 90), 200)
    for row in range(6):
        y = 120 + row * 30
        for x in range(0, WIDTH, 12):
            colour = (200, 40, 40) if (x // 12 + row) % 3 else (40, 150, 70)
            draw.rectangle([x, y, x + 8, y + 20], fill=colour)
    for stripe in range(8):
        top = 300 + stripe * 53
        colour = (60, 150, 70) if stripe % 2 else (70, 165, 80)
        draw.rectangle([0, top, WIDTH, top + 53], fill=colour)
    draw.rectangle([80, 320, 1200, 700], outline=(240, 240, 240), width=5)
    draw.line([(640, 320), (640, 700)], fill=(240, 240, 240), width=5)
    draw.ellipse([560, 430, 720, 590], outline=(240, 240, 240), width=5)
    for x in (80, 1200):
        draw.ellipse([x - 30, 20, x + 30, 80], fill=(255, 250, 210))
    return picture
