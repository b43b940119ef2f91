print("notegraph")
