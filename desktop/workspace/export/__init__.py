"""Writing a project's spans out as training data: `project.export_project`,
shaped by `prepare`, written atomically by `output`, summed up in `report`."""
