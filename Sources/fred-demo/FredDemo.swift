@main struct FredDemo { static func main() {} }
