from loanfacts.cli import main

main()
