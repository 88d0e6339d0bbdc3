function Remove-PgNoCall {
    <#
    .SYNOPSIS
        A fixture command.

    .DESCRIPTION
        A fixture command whose help is complete, so that only the rule under test reports.

    .PARAMETER Name
        A name.

    .EXAMPLE
        Remove-PgNoCall -Name x

        Runs it.

    .OUTPUTS
        None
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]  # expect: ShouldProcess.NotCalled
    [OutputType([void])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    ConvertTo-PgBadText -Name $Name
}
