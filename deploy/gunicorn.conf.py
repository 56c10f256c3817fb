"""gunicorn's settings for the portal: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Behind nginx (deploy/nginx.conf), which buffers slow uploads and slow readers, so a worker is
only busy while the app itself works. Settings come from the environment where a deployment
changes them.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads per worker: a worker waiting on the database or a PDF still answers others.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A large pack's PDF can take a few seconds; nothing should take a minute.
timeout = 60
# SIGTERM: stop taking requests, let those in hand finish (a deploy never cuts a save in half).
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never builds up.
max_requests = 2000
max_requests_jitter = 200
# nginx on the same machine sets X-Forwarded-For and X-Forwarded-Proto (the app's ProxyFix
# reads them with PROXY_FIX_X_FOR=1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The access log never has the path: an invitation link in a log is a working key.
accesslog = "-"
access_log_format = "%(h)s %(m)s %(s)s %(b)s %(L)s"
errorlog = "-"
