"""Lorenz (10, 28, 8/3) from (1, 1, 1) to T = 10: a NumPy RK4 loop with dt = 10/14500, and
SciPy's solve_ivp(RK45) at the loosest tolerance whose error at T is no larger than RK4's.
Errors are measured against solve_ivp(DOP853, rtol=atol=1e-13). Prints one JSON object per line."""
import json
import time

import numpy as np
from scipy.integrate import solve_ivp

SIGMA, RHO, BETA = 10.0, 28.0, 8.0 / 3.0
T, STEPS = 10.0, 14500
Y0 = np.array([1.0, 1.0, 1.0])


def lorenz(t, y):
    return np.array([SIGMA * (y[1] - y[0]), y[0] * (RHO - y[2]) - y[1], y[0] * y[1] - BETA * y[2]])


def rk4(y, h, n):
    t = 0.0
    for _ in range(n):
        k1 = lorenz(t, y)
        k2 = lorenz(t + h / 2, y + h / 2 * k1)
        k3 = lorenz(t + h / 2, y + h / 2 * k2)
        k4 = lorenz(t + h, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += h
    return y


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main():
    ref = solve_ivp(lorenz, (0, T), Y0, method="DOP853", rtol=1e-13, atol=1e-13).y[:, -1]

    seconds, y = best_of(lambda: rk4(Y0.copy(), T / STEPS, STEPS), 3)
    rk4_err = float(np.max(np.abs(y - ref)))
    print(json.dumps({"impl": "numpy-rk4", "steps": STEPS, "seconds": seconds,
                      "steps_per_second": STEPS / seconds, "max_abs_error": rk4_err}))

    # Loosest tolerance (in steps of 10^(1/4)) at which RK45 is at least as accurate as RK4.
    for exponent in np.arange(-4, -14.01, -0.25):
        tol = 10.0 ** exponent
        sol = solve_ivp(lorenz, (0, T), Y0, method="RK45", rtol=tol, atol=tol)
        err = float(np.max(np.abs(sol.y[:, -1] - ref)))
        if err <= rk4_err:
            break
    seconds, sol = best_of(lambda: solve_ivp(lorenz, (0, T), Y0, method="RK45", rtol=tol, atol=tol), 3)
    steps = sol.t.size - 1
    print(json.dumps({"impl": "scipy-rk45", "rtol": tol, "steps": steps, "evaluations": int(sol.nfev),
                      "seconds": seconds, "steps_per_second": steps / seconds, "max_abs_error": err}))


if __name__ == "__main__":
    main()
