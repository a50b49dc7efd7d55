from fzcheck.cli import main

main()
