"""Review files: the models (``model``), the file form read and written (``file_form``), typed
edits (``edits``) and the names made from what people type (``naming``)."""
