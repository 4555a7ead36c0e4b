print("tktplz")
