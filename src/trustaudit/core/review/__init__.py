"""A review on disk over time: finding its questionnaire and pinning it (``pinning``), what a
changed questionnaire means for the answers (``drift``), reading without a lock (``reading``),
the lock (``lock``) and the editing session that saves every change (``session``)."""
