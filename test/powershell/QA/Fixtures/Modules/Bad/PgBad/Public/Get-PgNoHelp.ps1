function Get-PgNoHelp {  # expect: Contract.CmdletBinding, Contract.OutputType, Help.Missing
    param ($Name)
    $Name
}
