#!/usr/bin/env python3
"""Resizes `skyhook run`'s window from outside (Xlib through ctypes; libX11 is there wherever GLFW is) while it
renders with validation, stops it with SIGTERM (as a service manager would), then checks it exited 0 (no
validation message) having rebuilt its swapchain at every size. Frame counts play no part, so a loaded machine
cannot end the show before the resizes.
Usage (under Xvfb): resize_test.py <skyhook> <scene>"""
import ctypes
import re
import signal
import subprocess
import sys
import threading
import time

skyhook, scene = sys.argv[1], sys.argv[2]
proc = subprocess.Popen([skyhook, "--validation", "run", scene, "--size", "640x360"],
                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)

# The log, read as it comes: each resize waits until the program reports the swapchain it rebuilt.
lines = []
reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True)
reader.start()


def wait_for(pattern, seconds=60.0):
    end = time.time() + seconds
    while time.time() < end and proc.poll() is None:
        if any(re.search(pattern, line) for line in list(lines)):
            return True
        time.sleep(0.1)
    return any(re.search(pattern, line) for line in list(lines))


x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                         ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                         ctypes.POINTER(ctypes.c_uint)]
x.XResizeWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint, ctypes.c_uint]
x.XFlush.argtypes = [ctypes.c_void_p]
display = x.XOpenDisplay(None)
if not display:
    sys.exit("resize_test: cannot open the X display (run under xvfb-run)")
root = x.XDefaultRootWindow(display)

windows = []
for _ in range(600):  # the window appears once the device and pipelines exist
    r, p, n = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_uint()
    children = ctypes.POINTER(ctypes.c_ulong)()
    x.XQueryTree(display, root, ctypes.byref(r), ctypes.byref(p), ctypes.byref(children), ctypes.byref(n))
    windows = [children[i] for i in range(n.value)]
    if windows or proc.poll() is not None:
        break
    time.sleep(0.1)
if not windows:
    proc.kill()
    sys.exit("resize_test: the program opened no window")
if not wait_for(r"swapchain 640x360"):
    proc.kill()
    sys.exit("resize_test: no first swapchain:\n" + "".join(lines))
for w, h in [(800, 500), (400, 300), (900, 560)]:
    for win in windows:
        x.XResizeWindow(display, win, w, h)
    x.XFlush(display)
    wait_for(rf"swapchain {w}x{h}")
if proc.poll() is not None:
    sys.exit(f"resize_test: skyhook ended before it was stopped (exit {proc.returncode}):\n" + "".join(lines))
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=60)
reader.join(timeout=10)
err = "".join(lines)
sizes = re.findall(r"swapchain (\d+x\d+)", err)
print("swapchains:", sizes)
if proc.returncode != 0:
    sys.stderr.write(err)
    sys.exit(f"resize_test: skyhook exited {proc.returncode}")
if len(set(sizes)) < 3:
    sys.stderr.write(err)
    sys.exit("resize_test: the swapchain was not rebuilt at the new sizes (the program ended too early?)")
print("resize_test: ok")
