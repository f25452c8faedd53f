#!/usr/bin/env python3
"""Prints the keys of the `flight` camera's tracks in scenes/space_elevator.json: a 120 s flight up the
tether from the ground station past the geostationary station to the counterweight.

Altitude follows a logistic curve per leg (ground -> geo in 0..60 s, geo -> counterweight in 60..120 s), so
the camera leaves each stop and arrives at the next exponentially: metres per second beside the station,
thousands of km per second half-way, ~80 m/s when passing each station. Keys every 2 s keep consecutive
altitudes within a factor ~2.5, where the scene's Catmull-Rom ("smooth") interpolation stays monotonic (checked
below). The camera stays ~35 m from the tether and swings out around the stations; it looks up along the
tether, down it towards Earth for a while, at the geostationary station and down at the counterweight.

Usage: tools/gen_flight_track.py  (prints the two track objects, one key per line group)
"""
import math

R0 = 6371000.0           # the ground station's y (Earth's centre is the origin)
GEO = 42157000.0 - R0    # the geostationary station's centre above the ground station
TOP = 90000160.0 + 600.0  # just above the counterweight's top
START = 60.0             # first altitude: beside the station's deck
T_GEO, T_END = 60.0, 120.0
K = 24.0                 # logistic steepness: arrival/departure speeds ~ leg/T * K * e^(-K/2)
GAMMA = 1.6              # first leg's time warp: a slow start beside the station, half-way at 65 % of the leg
                         # (the second leg is symmetric: it leaves geo at the speed the first arrives)


def logistic_leg(u, a, b, gamma):
    u = u ** gamma
    s = lambda v: 1.0 / (1.0 + math.exp(-K * (v - 0.5)))
    f = (s(u) - s(0.0)) / (s(1.0) - s(0.0))
    return a + (b - a) * f


def altitude(t):
    if t <= T_GEO:
        return logistic_leg(t / T_GEO, START, GEO, GAMMA)
    return logistic_leg((t - T_GEO) / (T_END - T_GEO), GEO, TOP, 1.0)


def bump(t, centre, width):
    return math.exp(-((t - centre) / width) ** 2)


def radius(t):  # distance from the tether: outside the stations when passing them
    return 35.0 + 385.0 * bump(t, 0.0, 5.0) + 420.0 * bump(t, T_GEO, 3.5) + 330.0 * bump(t, T_END, 4.0)


def position(t):
    phi = math.radians(35.0 + 0.9 * t)  # slowly round the tether
    r = radius(t)
    return (r * math.cos(phi), R0 + altitude(t), r * math.sin(phi))


def target(t):
    x, y, z = position(t)
    h = y - R0
    if t < 4.0:  # the station and the tether leaving it
        return (0.0, R0 + 200.0, 0.0)
    if 36.0 <= t <= 46.0:  # down the tether towards Earth
        return (0.0, y - 150.0, 0.0)
    if abs(t - T_GEO) <= 2.0:  # the geostationary station
        return (0.0, R0 + GEO, 0.0)
    if t >= T_END - 4.0:  # down at the counterweight
        return (0.0, R0 + 90000160.0 + 300.0, 0.0)
    return (0.0, y + 120.0, 0.0)  # up along the tether


def look_at(eye, tgt):
    f = [tgt[i] - eye[i] for i in range(3)]
    n = math.sqrt(sum(v * v for v in f))
    f = [v / n for v in f]
    up = [0.0, 1.0, 0.0]
    assert abs(f[1]) < 0.995, f"too close to vertical: {eye} {tgt}"
    r = [f[1] * up[2] - f[2] * up[1], f[2] * up[0] - f[0] * up[2], f[0] * up[1] - f[1] * up[0]]
    n = math.sqrt(sum(v * v for v in r))
    r = [v / n for v in r]
    u = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]]
    b = [[r[0], u[0], -f[0]], [r[1], u[1], -f[1]], [r[2], u[2], -f[2]]]  # rows of the basis matrix
    tr = b[0][0] + b[1][1] + b[2][2]
    if tr > 0:
        s = math.sqrt(tr + 1.0) * 2
        q = ((b[2][1] - b[1][2]) / s, (b[0][2] - b[2][0]) / s, (b[1][0] - b[0][1]) / s, 0.25 * s)
    elif b[0][0] > b[1][1] and b[0][0] > b[2][2]:
        s = math.sqrt(1.0 + b[0][0] - b[1][1] - b[2][2]) * 2
        q = (0.25 * s, (b[0][1] + b[1][0]) / s, (b[0][2] + b[2][0]) / s, (b[2][1] - b[1][2]) / s)
    elif b[1][1] > b[2][2]:
        s = math.sqrt(1.0 + b[1][1] - b[0][0] - b[2][2]) * 2
        q = ((b[0][1] + b[1][0]) / s, 0.25 * s, (b[1][2] + b[2][1]) / s, (b[0][2] - b[2][0]) / s)
    else:
        s = math.sqrt(1.0 + b[2][2] - b[0][0] - b[1][1]) * 2
        q = ((b[0][2] + b[2][0]) / s, (b[1][2] + b[2][1]) / s, 0.25 * s, (b[1][0] - b[0][1]) / s)
    return q


def hermite(keys, t):  # the engine's smooth interpolation (engine/scene/tracks.cpp)
    k = max(i for i in range(len(keys)) if keys[i][0] <= t)
    if k + 1 >= len(keys):
        return keys[k][1]
    (ta, a), (tb, b) = keys[k], keys[k + 1]
    tbef, bef = keys[k - 1] if k > 0 else keys[k]
    taft, aft = keys[k + 2] if k + 2 < len(keys) else keys[k + 1]
    span = tb - ta
    u = (t - ta) / span
    m0 = (b - bef) * span / (tb - tbef)
    m1 = (aft - a) * span / (taft - ta)
    u2, u3 = u * u, u * u * u
    return a + (b - a) * (-2 * u3 + 3 * u2) + m0 * (u3 - 2 * u2 + u) + m1 * (u3 - u2)


times = [2.0 * i for i in range(61)]
ys = [(t, position(t)[1]) for t in times]
prev = -1.0
for i in range(12001):  # the interpolated altitude never goes down
    y = hermite(ys, i * 0.01)
    assert y >= prev - 1e-6, f"not monotonic at {i * 0.01} s"
    prev = y

fmt = lambda v: f"{v:.6g}" if abs(v) < 1e5 else f"{v:.1f}"
pos = [f"[{t:g}, {', '.join(fmt(v) for v in position(t))}]" for t in times]
rot = []
for t in times:
    q = look_at(position(t), target(t))
    rot.append(f"[{t:g}, {', '.join(f'{v:.5f}' for v in q)}]")


def rows(keys, per):
    return ",\n        ".join(", ".join(keys[i:i + per]) for i in range(0, len(keys), per))


print('    { "name": "flight", "target": "camera:flight", "property": "position", "interpolation": "smooth",')
print(f'      "keys": [\n        {rows(pos, 3)}] }},')
print('    { "name": "flight_look", "target": "camera:flight", "property": "rotation",')
print(f'      "keys": [\n        {rows(rot, 4)}] }}')
p0, t0 = position(0.0), target(0.0)
print(f'camera: "position": [{", ".join(fmt(v) for v in p0)}], "lookAt": [{", ".join(fmt(v) for v in t0)}]')
