"""`commons`: the organiser's command line, an entry point beside the web app and the worker."""
