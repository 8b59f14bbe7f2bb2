"""The read benchmark's parts; `bench/read.py` is its command line.

* processes: servers in their own sessions, readiness, cleanup, small HTTP helpers;
* wrk: the load generator, its Lua scripts and their JSON summary;
* endpoints: every public read endpoint, its class and the targets of each scenario;
* catalogue: fixed and distinct URLs, built from the running API's own data;
* articles: the article text generator, prefill and job counts; writer: the POST process;
* database: a fresh, migrated and seeded SQLite or PostgreSQL database;
* scenarios: warm, cold, distinct and writes, run one engine at a time;
* report: verdicts, the rich tables, the results JSON and the markdown summary.
"""
