// hand-written extras of FredCommands
