"""The grading engine: a parent (`runner`) that never imports torch, and a child (`child`) that runs a suite."""
