# subprocess: run, Popen and their results, compared with python3.
import subprocess


def show(label, value):
    print("%-14s %r" % (label, value))


r = subprocess.run(["echo", "hello", "world"], capture_output=True)
show("run", r)
show("text", subprocess.run(["printf", "a\r\nb\rc"], capture_output=True, text=True).stdout)
show("input", subprocess.run(["tr", "a-z", "A-Z"], input="shout", capture_output=True, text=True))
show("shell", subprocess.run("echo $((6*7)) >&2", shell=True, capture_output=True))
show("call", [subprocess.call(["sh", "-c", "exit %d" % n]) for n in range(4)])

for cmd in (["false"], ["sh", "-c", "kill -TERM $$"], "exit 9"):
    try:
        subprocess.run(cmd, shell=isinstance(cmd, str), check=True,
                       stdout=subprocess.PIPE)
    except subprocess.CalledProcessError as e:
        show("error", (str(e), e.returncode, e.stdout, e.stderr))

show("output", subprocess.check_output(["sh", "-c", "echo out; echo err >&2"],
                                       stderr=subprocess.STDOUT))
show("statusout", subprocess.getstatusoutput("echo one; echo two >&2; exit 3"))
show("getoutput", subprocess.getoutput("printf 'no newline'"))

words = ["pear", "apple", "fig", "banana"]
with subprocess.Popen(["sort"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                      text=True) as p:
    out, err = p.communicate("\n".join(words) + "\n")
show("sorted", out.split())
show("returncode", p.returncode)

p = subprocess.Popen(["sh", "-c", "for i in 1 2 3 4; do echo line $i; done; exit 2"],
                     stdout=subprocess.PIPE)
lines = [line[:-1] for line in p.stdout]
p.stdout.close()
show("lines", (lines, p.wait()))

p = subprocess.Popen(["sleep", "30"])
show("poll", p.poll())
p.kill()
show("killed", p.wait())

p1 = subprocess.Popen(["printf", "3\n1\n2\n"], stdout=subprocess.PIPE)
p2 = subprocess.Popen(["sort", "-n"], stdin=p1.stdout, stdout=subprocess.PIPE)
p1.stdout.close()
show("pipeline", (p2.communicate()[0], p1.wait(), p2.returncode))

try:
    subprocess.run(["sh", "-c", "echo started; sleep 10"], capture_output=True,
                   timeout=0.3)
except subprocess.TimeoutExpired as e:
    show("timeout", (str(e), e.stdout, e.stderr))

try:
    subprocess.run(["no-such-program-here"])
except FileNotFoundError as e:
    show("missing", (str(e), e.errno, e.filename))

big = subprocess.run(["cat"], input=b"z" * 300000,
                     capture_output=True)
show("big", (len(big.stdout), big.stdout == b"z" * 300000))
