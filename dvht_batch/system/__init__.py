"""The operating system's side: faults in the clerk's words, child processes, safe file names."""
