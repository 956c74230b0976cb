// The commands of this target are generated from commands.yaml by Fred's CommandGen plugin.
