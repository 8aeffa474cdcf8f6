from loanfacts._entry import main

main()
