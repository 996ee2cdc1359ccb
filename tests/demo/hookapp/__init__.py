"""A stand-in for another app that adds its own demo records through `<app>.demo.load_demo`."""
