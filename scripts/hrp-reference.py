"""Reference numbers for HRP parity: runs PyPortfolioOpt's own HRPOpt on shared/data's stock_prices.csv.

Writes packages/core/src/analytics/portfolio/hrp-reference.json, read by hrp.test.ts. PyPortfolioOpt is not
vendored: point --pypfopt at a checkout of it (the folder holding pypfopt/). cvxpy is not needed for HRP; a
numeric stand-in for the two cvxpy calls that portfolio_performance makes on plain arrays is installed instead.

  apt-get install python3-pandas python3-scipy        # Debian 12: pandas 1.5.3, scipy 1.10.1
  git clone https://github.com/robertmartin8/PyPortfolioOpt /tmp/pypfopt   # fixture made at 65cabce (v1.5.6)
  /usr/bin/python3 scripts/hrp-reference.py --pypfopt /tmp/pypfopt
"""

import argparse
import importlib
import json
import os
import subprocess
import sys
import types

import numpy as np
import pandas as pd
import scipy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINKAGES = ["single", "complete", "average", "ward"]
# Exact duplicates make merge distances tie exactly (0 between copies, equal distances to the rest), so the
# leaf order depends on scipy's tie-breaking; BABA and FB start late, so pairwise statistics differ by pair.
TIES = [
    ("AAPL", "AAPL"),
    ("WMT", "WMT"),
    ("BABA", "BABA"),
    ("AAPL_COPY", "AAPL"),
    ("XOM", "XOM"),
    ("WMT_COPY", "WMT"),
    ("BABA_COPY", "BABA"),
    ("FB", "FB"),
]


def load_pypfopt(path):
    """Imports pypfopt.hierarchical_portfolio from a checkout without its __init__ (which pulls in cvxpy solvers)."""
    cvxpy = types.ModuleType("cvxpy")
    cvxpy.quad_form = lambda w, s, assume_PSD=False: float(w @ np.asarray(s) @ w)
    cvxpy.sqrt = np.sqrt
    cvxpy.Expression = type("Expression", (), {})  # only used in annotations at import time
    sys.modules["cvxpy"] = cvxpy
    pkg = types.ModuleType("pypfopt")
    pkg.__path__ = [os.path.join(path, "pypfopt")]
    sys.modules["pypfopt"] = pkg
    return importlib.import_module("pypfopt.hierarchical_portfolio")


def run_case(hp, name, prices, linkage, risk_free_rate):
    returns = prices.pct_change(fill_method=None).dropna(how="all")
    opt = hp.HRPOpt(returns)
    weights = opt.optimize(linkage_method=linkage)
    order = hp.HRPOpt._get_quasi_diag(opt.clusters)
    mu, sigma, sharpe = opt.portfolio_performance(risk_free_rate=risk_free_rate)
    return {
        "case": name,
        "linkage": linkage,
        "weights": {k: float(v) for k, v in weights.items()},
        "order": [int(i) for i in order],
        "linkageMatrix": [[float(x) for x in row] for row in opt.clusters],
        "riskFreeRate": risk_free_rate,
        "performance": {"expectedReturn": float(mu), "volatility": float(sigma), "sharpe": float(sharpe)},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pypfopt", required=True, help="checkout of PyPortfolioOpt (folder holding pypfopt/)")
    data = os.path.join(ROOT, "..", "shared", "data", "pypfopt", "stock_prices.csv")
    ap.add_argument("--data", default=data)
    fixture = os.path.join(ROOT, "packages", "core", "src", "analytics", "portfolio", "hrp-reference.json")
    ap.add_argument("--out", default=fixture)
    ap.add_argument("--commit", help="PyPortfolioOpt commit, when --pypfopt is an export without .git")
    args = ap.parse_args()
    hp = load_pypfopt(args.pypfopt)
    commit = args.commit
    if commit is None:
        git = ["git", "-C", args.pypfopt, "rev-parse", "HEAD"]
        commit = subprocess.run(git, capture_output=True, text=True).stdout.strip() or None
    df = pd.read_csv(args.data, parse_dates=True, index_col="date")
    ties = pd.DataFrame({new: df[src] for new, src in TIES})
    results = []
    for linkage in LINKAGES:
        results.append(run_case(hp, "stock_prices", df, linkage, 0.02))
        results.append(run_case(hp, "ties", ties, linkage, 0.02))
    out = {
        "generatedBy": "scripts/hrp-reference.py",
        "pypfoptCommit": commit,
        "versions": {
            "python": sys.version.split()[0],
            "pandas": pd.__version__,
            "scipy": scipy.__version__,
            "numpy": np.__version__,
        },
        "ties": [list(t) for t in TIES],
        "results": results,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    # The repository's formatter owns the fixture's layout, so a rerun reproduces the committed bytes.
    subprocess.run(["npx", "biome", "format", "--write", args.out], cwd=ROOT, check=False)
    print(f"wrote {len(results)} results to {args.out}")


if __name__ == "__main__":
    main()
