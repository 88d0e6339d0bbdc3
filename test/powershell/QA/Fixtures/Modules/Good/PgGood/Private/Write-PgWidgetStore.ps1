function Write-PgWidgetStore {
    <#
    .SYNOPSIS
        The module's only writer (a seam for tests).
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [int]
        $Size
    )

    if ($PSCmdlet.ShouldProcess("widget '$Name'", "Set size $Size")) {
        Write-Verbose -Message "widget $Name is now $Size"
    }
}
