# atexit: LIFO order, arguments, unregister, after the non-daemon threads.
import atexit, sys, threading, time
def bye(name, punct="!"):
    print("bye", name + punct)
atexit.register(bye, "first")
atexit.register(bye, "second", punct="?")
@atexit.register
def deco():
    print("decorated")
def gone(): print("never")
atexit.register(gone)
atexit.unregister(gone)
def worker():
    time.sleep(0.05)
    print("worker done")
threading.Thread(target=worker).start()
print("main end")
