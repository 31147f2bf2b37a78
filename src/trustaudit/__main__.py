from trustaudit.cli import main

main()
