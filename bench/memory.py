"""Peak memory of the measured process alone, shared by the benches (run as ``python bench/<script>.py``, so this
folder is on the import path)."""

import resource


def peak_rss_mb() -> float:
    """Peak RSS of this process alone in MB: VmHWM (reset by exec), not ru_maxrss, which Linux carries over from the
    parent across exec; ru_maxrss only where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
