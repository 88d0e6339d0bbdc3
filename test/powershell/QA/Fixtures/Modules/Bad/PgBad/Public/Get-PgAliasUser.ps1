function Get-PgAliasUser {
    <#
    .SYNOPSIS
        A fixture command.

    .DESCRIPTION
        A fixture command whose help is complete, so that only the rule under test reports.

    .PARAMETER Name
        A name.

    .EXAMPLE
        Get-PgAliasUser -Name x

        Runs it.

    .OUTPUTS
        None
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    gci -Path $Name | % { $_.Name } | sort  # expect: Command.Alias
    sc query $Name  # expect: Command.Alias
    sc.exe query $Name
    Write-Host -Object $Name  # expect: Command.WriteHost
    Invoke-Expression -Command "Get-Date"  # expect: Command.InvokeExpression
    iex "Get-Date"  # expect: Command.Alias, Command.InvokeExpression
}
