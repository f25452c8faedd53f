#!/usr/bin/env python3
"""Resizes `skyhook run`'s window from outside (Xlib through ctypes; libX11 is there wherever GLFW is) while it
renders with validation, then checks it exited 0 (no validation message) having rebuilt its swapchain.
Usage (under Xvfb): resize_test.py <skyhook> <scene>"""
import ctypes
import re
import subprocess
import sys
import time

skyhook, scene = sys.argv[1], sys.argv[2]
proc = subprocess.Popen([skyhook, "--validation", "run", scene, "--size", "640x360", "--frames", "200"],
                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)

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
for _ in range(150):  # the window appears once the device and pipelines exist
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
time.sleep(1.0)
for w, h in [(800, 500), (400, 300), (900, 560)]:
    for win in windows:
        x.XResizeWindow(display, win, w, h)
    x.XFlush(display)
    time.sleep(0.8)

_, err = proc.communicate(timeout=90)
sizes = re.findall(r"swapchain (\d+x\d+)", err)
print("swapchains:", sizes)
if proc.returncode != 0:
    sys.stderr.write(err)
    sys.exit(f"resize_test: skyhook exited {proc.returncode}")
if len(set(sizes)) < 3:
    sys.stderr.write(err)
    sys.exit("resize_test: the swapchain was not rebuilt at the new sizes (the program ended too early?)")
print("resize_test: ok")
